import { EventEmitter } from 'node:events';
import { launchedByNpm, waitForStopSignal } from '../../../src/cli/stop-signal';

/** A process stand-in: signals are events, the parent pid can change. */
function fakeProcess(ppid: number) {
  const emitter = new EventEmitter();
  return Object.assign(emitter, { ppid });
}

describe('waitForStopSignal', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('resolves with %s and removes every handler', async (signal) => {
    const proc = fakeProcess(10);
    const stopped = waitForStopSignal({ env: {}, proc: proc as never });
    proc.emit(signal);
    await expect(stopped).resolves.toBe(signal);
    // A second signal then takes the default action (ends the process at once).
    expect(proc.listenerCount('SIGTERM') + proc.listenerCount('SIGINT') + proc.listenerCount('SIGHUP')).toBe(0);
  });

  it('resolves when npm launched the process and its parent is gone', async () => {
    const proc = fakeProcess(10);
    const stopped = waitForStopSignal({ env: { npm_command: 'exec' }, proc: proc as never, pollMs: 5 });
    proc.ppid = 1;
    await expect(stopped).resolves.toBe('parent_exited');
    expect(proc.listenerCount('SIGTERM')).toBe(0);
  });

  it("resolves at once when npm's shell exited while the server was still starting", async () => {
    // Recorded at launch: 10. By the time serve listens, the process has a new parent.
    const proc = fakeProcess(1);
    const stopped = waitForStopSignal({ env: { npm_command: 'exec' }, proc: proc as never, pollMs: 5, parentPid: 10 });
    const first = await Promise.race([stopped, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 100))]);
    expect(first).toBe('parent_exited');
    expect(proc.listenerCount('SIGTERM')).toBe(0);
  });

  it('ignores a new parent when npm did not launch the process (nohup, a shell that logged out)', async () => {
    const proc = fakeProcess(10);
    const stopped = waitForStopSignal({ env: {}, proc: proc as never, pollMs: 5 });
    proc.ppid = 1;
    const first = await Promise.race([stopped, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 50))]);
    expect(first).toBe('still waiting');
    proc.emit('SIGTERM');
    await expect(stopped).resolves.toBe('SIGTERM');
  });
});

describe('launchedByNpm', () => {
  it('reads the variables npm sets for npx and npm start', () => {
    expect(launchedByNpm({ npm_command: 'exec' })).toBe(true);
    expect(launchedByNpm({ npm_lifecycle_event: 'start' })).toBe(true);
    expect(launchedByNpm({ PATH: '/usr/bin' })).toBe(false);
  });
});

/**
 * Jest reporter: after the summary, as the run's last line, one line naming the suites this run left out
 * (they need a service beyond Node) and how to run them. Silent when nothing was left out.
 */
const path = require('node:path');

const set = (name) => Boolean(process.env[name] && process.env[name].trim() !== '');

class NotRunReporter {
  onRunComplete(_contexts, results) {
    const files = results.testResults.map((r) => r.testFilePath.split(path.sep).join('/'));
    const ran = (dir) => files.some((f) => f.includes(`/test/${dir}/`));
    const notRun = [];
    if (ran('integration') && !set('TEST_MYSQL_URL')) notRun.push('the MariaDB runs of the integration suites (set TEST_MYSQL_URL=mysql://root@127.0.0.1:3306)');
    if (ran('integration') && !set('TEST_REDIS_URL')) notRun.push('the Redis cluster suites (set TEST_REDIS_URL=redis://127.0.0.1:6379)');
    if ((ran('unit') || ran('integration')) && !ran('e2e')) notRun.push('the end-to-end suite with PHP, WordPress, MariaDB and Chromium (npm run test:e2e)');
    if (notRun.length === 0) return;
    const line = `Not run: ${notRun.join('; ')}. \`bash .ci/run\` sets them all up and runs everything.\n`;
    // Jest's summary reporter always comes last; printing at exit keeps this line the run's last.
    process.once('exit', () => process.stderr.write(line));
  }
}

module.exports = NotRunReporter;

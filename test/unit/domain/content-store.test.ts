import type { ContentStore, ImageInput, ImageUploader } from '../../../src/domain/content-store';
import { insideUploadGuard } from '../../../src/domain/content-store';

/** A store that records which of its methods ran. */
function recordingStore() {
  const calls: string[] = [];
  const store = {
    label: 'the store',
    async guardUploads<T>(_paths: string[], fn: (upload: ImageUploader | null) => Promise<T>): Promise<T> {
      calls.push('guardUploads');
      return fn(null);
    },
    async findAttachments(this: { label: string }, filePaths: string[]) {
      calls.push(`findAttachments ${filePaths.join(',')} on ${this.label}`);
      return new Map();
    },
  } as unknown as ContentStore;
  return { store, calls };
}

describe('insideUploadGuard', () => {
  it('hands the uploader of the outer guard to a nested guard instead of guarding the same paths again', async () => {
    const { store, calls } = recordingStore();
    const uploaded: string[] = [];
    const outer: ImageUploader = async (_postId, image: ImageInput) => (uploaded.push(image.filePath), 7);
    const inside = insideUploadGuard(store, outer);
    const id = await inside.guardUploads(['/a.jpg'], async (upload) => upload!(1, { filePath: '/a.jpg' } as ImageInput));
    expect(id).toBe(7);
    expect(uploaded).toEqual(['/a.jpg']);
    expect(calls).toEqual([]);
    // Everything else is the store itself, bound to it.
    await inside.findAttachments(['/b.jpg']);
    expect(calls).toEqual(['findAttachments /b.jpg on the store']);
  });
});

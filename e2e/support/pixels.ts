import type { Page } from "@playwright/test";

export interface ImageDifference {
  sameSize: boolean;
  /** Pixels whose colour differs at all. */
  changed: number;
  /** Pixels whose colour differs by more than anti-aliasing noise (any channel by more than 24). */
  visible: number;
}

/**
 * Compares two PNG screenshots pixel by pixel, decoded by the browser (no image library needed).
 * Chromium's compositor can re-rasterise an anti-aliased rounded corner a shade differently once a page
 * has more layers, so byte equality is too strict; a leaking style changes many pixels visibly.
 */
export function imageDifference(page: Page, before: Buffer, after: Buffer): Promise<ImageDifference> {
  return page.evaluate(
    async ([a, b]) => {
      const decode = async (base64: string) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext("2d")!;
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [first, second] = await Promise.all([decode(a), decode(b)]);
      if (first.width !== second.width || first.height !== second.height) return { sameSize: false, changed: -1, visible: -1 };
      let changed = 0;
      let visible = 0;
      for (let i = 0; i < first.data.length; i += 4) {
        let delta = 0;
        for (let channel = 0; channel < 4; channel++) delta = Math.max(delta, Math.abs(first.data[i + channel]! - second.data[i + channel]!));
        if (delta > 0) changed++;
        if (delta > 24) visible++;
      }
      return { sameSize: true, changed, visible };
    },
    [before.toString("base64"), after.toString("base64")] as const,
  );
}

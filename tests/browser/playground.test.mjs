// Browser tests of the playground page. Each test gets a fresh page and the served URL; the runner
// (run.mjs) fails a test on any console error or page error and saves a screenshot after it.
import { decodePng, countColours } from './png.mjs';

// Loads the page and waits until the wasm app has drawn a few frames.
async function openPlayground(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.tricolor && window.tricolor.frameCount() > 10, null,
                             { timeout: 60000 });
}

// The canvas's CSS size, backing-store size and the page's devicePixelRatio.
function canvasGeometry(page) {
  return page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { width: c.width, height: c.height, cssWidth: c.clientWidth, cssHeight: c.clientHeight,
             ratio: window.devicePixelRatio };
  });
}

export const tests = [
  {
    name: 'page-shows-imgui-window',
    async run({ page, url, assert, screenshot }) {
      await openPlayground(page, url);
      const first = await page.evaluate(() => window.tricolor.frameCount());
      await page.waitForTimeout(500);
      const second = await page.evaluate(() => window.tricolor.frameCount());
      assert(second > first, `frames are not advancing (${first} then ${second})`);

      const version = await page.evaluate(() => window.tricolor.version());
      assert(/^\d+\.\d+\.\d+\+([0-9a-f]+|unknown)$/.test(version), `unexpected version "${version}"`);
      assert(await page.evaluate(() => window.tricolor.mainWindowVisible()),
             'the "Tricolor" ImGui window was not drawn');
      assert(await page.evaluate(() => document.getElementById('status').classList.contains('hidden')),
             'the loading message is still shown');

      const canvas = await canvasGeometry(page);
      const viewport = page.viewportSize();
      assert(canvas.cssWidth === viewport.width && canvas.cssHeight === viewport.height,
             `the canvas does not fill the viewport: ${JSON.stringify(canvas)}`);

      const image = decodePng(await screenshot());
      const colours = countColours(image);
      assert(colours >= 16, `the screenshot looks blank (${colours} colours)`);
      return `version ${version}, ${second} frames, ${colours} colours`;
    },
  },
  {
    name: 'canvas-follows-device-pixel-ratio-and-resizes',
    context: { deviceScaleFactor: 2, viewport: { width: 900, height: 600 } },
    async run({ page, url, assert }) {
      await openPlayground(page, url);
      let canvas = await canvasGeometry(page);
      assert(canvas.ratio === 2, `devicePixelRatio is ${canvas.ratio}`);
      assert(canvas.width === 1800 && canvas.height === 1200,
             `the canvas backing store is not at devicePixelRatio: ${JSON.stringify(canvas)}`);

      await page.setViewportSize({ width: 700, height: 500 });
      await page.waitForFunction(() => document.getElementById('canvas').width === 1400, null,
                                 { timeout: 10000 }).catch(() => {});
      canvas = await canvasGeometry(page);
      assert(canvas.cssWidth === 700 && canvas.cssHeight === 500 && canvas.width === 1400 &&
             canvas.height === 1000, `the canvas did not follow a resize: ${JSON.stringify(canvas)}`);
      const frames = await page.evaluate(() => window.tricolor.frameCount());
      await page.waitForTimeout(300);
      assert(await page.evaluate(() => window.tricolor.frameCount()) > frames, 'frames stopped after the resize');
      return `canvas ${canvas.width}x${canvas.height} at ratio ${canvas.ratio}`;
    },
  },
];

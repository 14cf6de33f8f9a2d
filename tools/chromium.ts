/**
 * One way to start the system Chromium for every browser test, bench and replay.
 * Never downloads a browser: uses CHROME_PATH, else Debian's /usr/bin/chromium.
 */
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { existsSync } from 'node:fs';

/** Flags every launch needs on these machines (closed network, root user). */
export const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Extra flags that make WebGPU run on the SwiftShader software adapter when no GPU exists. */
export const WEBGPU_FLAGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
];

/** Path of the Chromium binary: CHROME_PATH if set, else the first system one found. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROME_PATH to its binary.');
}

export interface LaunchChromiumOptions extends LaunchOptions {
  /** Add the software-WebGPU flags. Default true: WebGL2 is unaffected by them. */
  webgpu?: boolean;
}

/** Starts headless Chromium with the project's flags. */
export async function launchChromium({ webgpu = true, args = [], ...rest }: LaunchChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...BASE_FLAGS, ...(webgpu ? WEBGPU_FLAGS : []), ...args],
    ...rest,
  });
}

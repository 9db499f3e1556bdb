/**
 * What the end-to-end tests do in the workbench beyond a single click: wait for something (failing early on an error
 * the extension shows), find the progress panel's webview frame, close what could cover a click, and run one of
 * the extension's commands from the explorer's context menu.
 */
import type { Frame, Page } from 'playwright-core';

/** A failure the extension reported: waiting longer cannot help. */
export class ExtensionError extends Error {}

/** Polls `probe` until it returns a value other than undefined; the message says what never happened. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (e) {
      if (e instanceof ExtensionError) {
        throw e;
      }
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The webview frame of the progress panel: the innermost frame where the panel's test hook exists. */
export async function panelFrame(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    try {
      if (await frame.evaluate('typeof window.__netadjustPanel === "object" && window.__netadjustPanel !== null')) {
        return frame;
      }
    } catch {
      // A frame navigating or detached.
    }
  }
  return undefined;
}

/** The error notifications the extension shows ("netadjust: …"): a step waiting for something fails on one at once. */
export async function extensionErrors(page: Page): Promise<string[]> {
  const items = page.locator('.notification-list-item', { has: page.locator('.codicon-error') });
  const texts = await items.locator('.notification-list-item-message').allTextContents();
  return texts.filter((text) => text.startsWith('netadjust'));
}

/** `until`, failing early when the extension reports an error. */
export async function untilNoError<T>(page: Page, what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  return until(what, timeoutMs, async () => {
    const errors = await extensionErrors(page);
    if (errors.length > 0) {
      throw new ExtensionError(`the extension reported an error while waiting for ${what}: ${errors.join(' | ')}`);
    }
    return probe();
  });
}

/** Closes modal dialogs and notification toasts that could cover what the test clicks. */
export async function closeDialogs(page: Page): Promise<void> {
  for (let i = 0; i < 5 && (await page.locator('.monaco-dialog-box').isVisible()); i++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
  }
}

/** Right-clicks `fileName` in the explorer and runs the context-menu item whose label starts with `label`. */
export async function runFromExplorerMenu(page: Page, fileName: string, label: string, beforeClick?: () => Promise<void>): Promise<void> {
  await closeDialogs(page);
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item .action-label', { hasText: new RegExp(`^${label}`) });
  await item.first().waitFor({ timeout: 10_000 });
  await beforeClick?.();
  // A click right as the menu opens can be lost (the menu is still settling under the pointer of the right-click);
  // a moment's pause, as a person's, avoids that.
  await page.waitForTimeout(300);
  await item.first().click();
  await page.locator('.monaco-menu').waitFor({ state: 'hidden', timeout: 5_000 });
}

import type { Page } from "playwright-core";

/**
 * The contrast check of the e2e suite, beside vnu and axe: every visible link, button and form
 * control must have a text colour that differs from the background it is drawn on, with a
 * contrast ratio of at least 4.5:1. axe skips elements whose background it cannot work out and
 * missed teal text on a teal button; this check works the background out itself: it walks up
 * from the element through its ancestors, laying each semi-transparent background over the next
 * until an opaque one (the page is white beneath everything), and lays the text colour over that.
 * An element drawn on a background image or gradient is reported too: its contrast is unknown.
 * Each control is checked as it is shown and again with keyboard focus.
 */
export const MINIMUM_CONTRAST = 4.5;

export async function contrastProblems(page: Page): Promise<string[]> {
  return page.evaluate(findContrastProblems, MINIMUM_CONTRAST);
}

/** Runs in the page (serialised by Playwright): no imports, no closures over module scope. */
function findContrastProblems(minimum: number): string[] {
  type Rgba = [number, number, number, number];
  const canvas = document.createElement("canvas").getContext("2d");
  /** Any CSS colour as numbers: the canvas normalises it to #rrggbb or rgba(). */
  const parse = (css: string): Rgba | undefined => {
    if (!canvas) return undefined;
    canvas.fillStyle = "#000";
    canvas.fillStyle = css;
    const value = String(canvas.fillStyle);
    const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value);
    if (hex)
      return [
        Number.parseInt(hex[1] ?? "0", 16),
        Number.parseInt(hex[2] ?? "0", 16),
        Number.parseInt(hex[3] ?? "0", 16),
        1,
      ];
    const rgba = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(value);
    if (rgba) return [Number(rgba[1]), Number(rgba[2]), Number(rgba[3]), rgba[4] === undefined ? 1 : Number(rgba[4])];
    return undefined;
  };
  /** `top` laid over the opaque `bottom`. */
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  };
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a: Rgba, b: Rgba) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };
  /** The opaque colour behind an element, or a reason why it cannot be known. */
  const background = (element: Element): Rgba | string => {
    const layers: Rgba[] = [];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage && style.backgroundImage !== "none") return "drawn on a background image";
      const colour = parse(style.backgroundColor);
      if (colour && colour[3] > 0) {
        layers.push(colour);
        if (colour[3] >= 1) break;
      }
    }
    let result: Rgba = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const visible = (element: Element) => {
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) return false;
    const style = getComputedStyle(element);
    if (style.visibility !== "visible" || Number(style.opacity) === 0) return false;
    // Visually hidden (clipped to nothing), like the skip link until it has focus.
    if (style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)") return false;
    return element.checkVisibility ? element.checkVisibility({ opacityProperty: true }) : true;
  };
  const describe = (element: Element) => {
    const text = (element.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 60);
    const attributes = ["id", "name", "class"]
      .map((a) => (element.getAttribute(a) ? ` ${a}="${element.getAttribute(a)}"` : ""))
      .join("");
    return `<${element.tagName.toLowerCase()}${attributes}>${text ? ` "${text}"` : ""}`;
  };
  const selector =
    'a[href], button, select, textarea, input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]):not([type="file"]):not([type="image"]):not([type="range"]):not([type="color"])';
  const problems: string[] = [];
  /** Adds a problem when there is one; answers whether there was. */
  const check = (element: Element, state: string): boolean => {
    const behind = background(element);
    if (typeof behind === "string") {
      problems.push(`${describe(element)}${state}: ${behind}, its contrast cannot be checked`);
      return true;
    }
    const text = parse(getComputedStyle(element).color);
    if (!text) return false;
    const shown = over(text, behind);
    const found = ratio(shown, behind);
    if (found < minimum) {
      const css = (c: Rgba) =>
        `rgb(${c
          .slice(0, 3)
          .map((v) => Math.round(v))
          .join(",")})`;
      problems.push(
        `${describe(element)}${state}: text ${css(shown)} on ${css(behind)}, contrast ${found.toFixed(2)}:1 (at least ${minimum}:1)`,
      );
      return true;
    }
    return false;
  };
  for (const element of document.querySelectorAll(selector)) {
    if (!visible(element)) continue;
    // With keyboard focus too (a focus style can change text and background), once per control.
    if (!check(element, "") && element instanceof HTMLElement) {
      element.focus({ preventScroll: true });
      if (document.activeElement === element) check(element, " (focused)");
      element.blur();
    }
  }
  return problems;
}

import QRCode from "qrcode";

/**
 * A QR code as an SVG string to inline in a page (the TOTP set-up address). qrcode draws it with
 * presentation attributes only (fill, stroke, d): no <style>, no style="", no script, so it passes
 * a CSP without 'unsafe-inline', and it stays sharp at any size. The page gives it an accessible
 * name and shows the secret as text next to it for people who cannot scan.
 */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 2,
    color: { dark: "#000000", light: "#ffffff" },
  });
}

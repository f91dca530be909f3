import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { renderCertificatePdf } from "./certificate-pdf";

describe("the certificate PDF", () => {
  it("is one landscape A4 page naming the course and serial, and prints names in any European script", async () => {
    const bytes = await renderCertificatePdf({
      schoolName: "Acme Academy",
      primaryColor: "#0f766e",
      logo: null,
      recipientName: "Zoë Ødegård-Łukasiewicz Смирнова",
      courseTitle: "Watercolor Foundations",
      issuedAt: new Date("2026-11-30T10:00:00Z"),
      serial: "7F3KQ-9QXD2-MP1A8",
      verifyUrl: "acme.courseforge.localhost/verify",
    });
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect(Math.round(width)).toBe(842);
    expect(Math.round(height)).toBe(595);
    expect(doc.getTitle()).toBe("Certificate of completion — Watercolor Foundations");
    expect(doc.getSubject()).toBe("Serial 7F3KQ-9QXD2-MP1A8");
    expect(doc.getAuthor()).toBe("Acme Academy");
  });
});

import { Column, Row, Section, Text } from "@react-email/components";
import { EmailButton, EmailLayout, PLATFORM_BRAND, type EmailBrand } from "./components/email-layout";

export type OrderReceiptProps = {
  brand: EmailBrand;
  schoolName: string;
  orderRef: string;
  items: { name: string; amount: string }[];
  discount: string | null;
  total: string;
  paidWith: string | null;
  libraryUrl: string;
};

/** The receipt a buyer gets from the school (its name, colours and logo) once an order is paid. */
export function OrderReceipt({ brand, schoolName, orderRef, items, discount, total, paidWith, libraryUrl }: OrderReceiptProps) {
  return (
    <EmailLayout brand={brand} preview={`Your receipt from ${schoolName}`}>
      <Text style={{ fontSize: 15 }}>
        Thank you for your order. Your courses at <strong>{schoolName}</strong> are ready.
      </Text>
      <Section style={{ border: "1px solid #e4e4e7", borderRadius: 8, padding: "8px 16px" }}>
        {items.map((i) => (
          <Row key={i.name}>
            <Column style={{ fontSize: 14, padding: "6px 0" }}>{i.name}</Column>
            <Column style={{ fontSize: 14, padding: "6px 0", textAlign: "right" }}>{i.amount}</Column>
          </Row>
        ))}
        {discount ? (
          <Row>
            <Column style={{ fontSize: 14, padding: "6px 0", color: "#15803d" }}>Discount</Column>
            <Column style={{ fontSize: 14, padding: "6px 0", textAlign: "right", color: "#15803d" }}>−{discount}</Column>
          </Row>
        ) : null}
        <Row>
          <Column style={{ fontSize: 15, padding: "8px 0", fontWeight: 700, borderTop: "1px solid #e4e4e7" }}>Total</Column>
          <Column style={{ fontSize: 15, padding: "8px 0", fontWeight: 700, textAlign: "right", borderTop: "1px solid #e4e4e7" }}>{total}</Column>
        </Row>
      </Section>
      <Text style={{ color: "#71717a", fontSize: 13 }}>
        Order {orderRef}
        {paidWith ? ` · paid with ${paidWith}` : ""}
      </Text>
      <EmailButton href={libraryUrl} color={brand.primaryColor}>
        Go to my courses
      </EmailButton>
    </EmailLayout>
  );
}

OrderReceipt.PreviewProps = {
  brand: PLATFORM_BRAND,
  schoolName: "Acme Academy",
  orderRef: "5F3A9C21",
  items: [
    { name: "Watercolor Foundations", amount: "$49.00" },
    { name: "Brush workbook", amount: "$19.00" },
  ],
  discount: "$6.80",
  total: "$61.20",
  paidWith: "test Visa •••• 4242",
  libraryUrl: "http://acme.localhost:3000/library",
} satisfies OrderReceiptProps;
export default OrderReceipt;

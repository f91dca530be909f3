import { Text } from "@react-email/components";
import { EmailButton, EmailLayout, PLATFORM_BRAND, type EmailBrand } from "./components/email-layout";

export type CourseCompleteProps = {
  brand: EmailBrand;
  schoolName: string;
  name: string;
  courseTitle: string;
  certificateUrl: string;
  serial: string;
  verifyUrl: string;
};

/** Sent when a student completes a course: congratulations, and the certificate with its serial. */
export function CourseComplete({ brand, schoolName, name, courseTitle, certificateUrl, serial, verifyUrl }: CourseCompleteProps) {
  return (
    <EmailLayout brand={brand} preview={`You completed ${courseTitle}`}>
      <Text style={{ fontSize: 15 }}>
        Congratulations, {name}! You completed <strong>{courseTitle}</strong> at {schoolName}.
      </Text>
      <Text style={{ fontSize: 15 }}>Your certificate of completion is ready to download.</Text>
      <EmailButton href={certificateUrl} color={brand.primaryColor}>
        Get my certificate
      </EmailButton>
      <Text style={{ color: "#71717a", fontSize: 13 }}>
        Serial {serial}. Anyone can check it is genuine at {verifyUrl}.
      </Text>
    </EmailLayout>
  );
}

CourseComplete.PreviewProps = {
  brand: PLATFORM_BRAND,
  schoolName: "Acme Academy",
  name: "Sam",
  courseTitle: "Watercolor Foundations",
  certificateUrl: "https://acme.courseforge.localhost/learn/watercolor-foundations/complete",
  serial: "7F3KQ-9QXD2-MP1A8",
  verifyUrl: "https://acme.courseforge.localhost/verify/7F3KQ-9QXD2-MP1A8",
} satisfies CourseCompleteProps;
export default CourseComplete;

import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM + data files that must be loaded from node_modules at runtime.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "nodemailer", "pdf-lib", "@pdf-lib/fontkit", "@ffmpeg-installer/ffmpeg", "@ffprobe-installer/ffprobe"],
  // The certificate PDF embeds DejaVu fonts read from node_modules at runtime (src/lib/learning/certificate-pdf.ts).
  outputFileTracingIncludes: {
    "/t/[site]/certificate/[course]": ["./node_modules/dejavu-fonts-ttf/ttf/DejaVuSerif*.ttf", "./node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf"],
  },
  poweredByHeader: false,
  // No ETag on rendered pages: Next computes it by hashing the whole HTML on every response, cache hits
  // included — a sixth of the server's time on a sales page (bench/public-site.ts). Pages carry
  // Cache-Control for shared caches; static assets are immutable and need none.
  generateEtags: false,
  // The build type-checks what ships (src without tests); `npm test` runs tsc over everything.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  typedRoutes: false,
};

export default nextConfig;

export * from "./auth";
export * from "./tenants";
export * from "./courses";
export * from "./commerce";
export * from "./email";
export * from "./jobs";
export * from "./credits";
export * from "./usage";

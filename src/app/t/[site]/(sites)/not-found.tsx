import { SiteNotFound } from "@/components/site/site-not-found";

export default SiteNotFound;

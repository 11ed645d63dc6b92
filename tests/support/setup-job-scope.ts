import { scopeJobRunnersToNoShop } from "./job-scope";

scopeJobRunnersToNoShop();

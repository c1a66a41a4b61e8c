import "server-only";
import { defineJob } from "@/lib/jobs/define-job";
import { JOB_SPECS } from "@/lib/jobs/job-specs";
import { measureStoredBytes } from "./measure-stored-bytes";
import { sweepRetention } from "./sweep-retention";

// Scheduled housekeeping: delete bundles past their case's retention, then measure the disk
// use of bundles not measured yet (the admin's storage page sums it). Safe to re-run.
export const retentionSweepJob = defineJob({
  ...JOB_SPECS["retention-sweep"],
  handle: async (_payload, ctx) => {
    const { deleted, more } = await sweepRetention();
    const measured = await measureStoredBytes();
    if (deleted.length || measured) ctx.log(`expired ${deleted.length} bundle(s)${more ? " (more next run)" : ""}, measured ${measured}`);
  },
});

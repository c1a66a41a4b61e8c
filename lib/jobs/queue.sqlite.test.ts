import { expect, it, vi } from "vitest";
import { z } from "zod";
import { createTempSqlite, type TempDatabase } from "@/test/support/db/temp-database";
import { queueTests } from "@/test/support/suites/queue-suite";

vi.mock("server-only", () => ({}));

queueTests("job queue on SQLite (the Job table)", (): Promise<TempDatabase> => createTempSqlite("nb-queue-"), (d) => {
  // The table's claim takes rows of any name (pg-boss fetches by queue name), so a row no
  // worker knows fails visibly instead of waiting forever.
  it("fails a job whose name is not registered", async () => {
    const job = d.define().defineJob({ name: "test-stray", schema: z.object({}), handle: async () => {} });
    const stray = await d.queue().enqueueSpec(job, {});
    expect(await d.worker().runNextJob({ jobs: {}, workerId: "w" })).toMatchObject({ outcome: "failed", job: { id: stray.id } });
    expect((await d.queue().getJob(stray.id))?.lastError).toMatch(/no job named test-stray/);
  });
});

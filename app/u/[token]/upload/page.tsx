import { headers } from "next/headers";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { publicOrigin } from "@/lib/http/public-origin";
import { collectorCommand } from "@/lib/links/collector-command";
import { resolveUploadLink } from "@/lib/links/upload-links";
import { UploadDropzone } from "@/app/_components/upload-dropzone";
import { INPUT, PANEL } from "@/app/_components/ui";
import { fmtBytes, fmtUtc } from "@/app/_components/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Upload a support bundle", referrer: "no-referrer", robots: { index: false } };

// Public (the token is the credential): the customer's upload page, reached from /u/[token]
// (which answers 410 for a link that can no longer be used). It shows the case's title and
// nothing else of the case; after an upload, only that upload's receipt.
export default async function UploadLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let link: Awaited<ReturnType<typeof resolveUploadLink>>;
  try {
    link = await resolveUploadLink(token);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    if (!isAppError(e)) throw e;
    return <LinkProblem message={e.message} />;
  }
  const command = collectorCommand(publicOrigin(await headers()), token);
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <div>
        <div className="text-xs text-zinc-500">Upload for support case</div>
        <h1 className="text-lg font-semibold" data-testid="case-title">
          {link.caseTitle}
        </h1>
        <p className="text-xs text-zinc-500">
          This link takes {link.uploadsLeft} more upload{link.uploadsLeft === 1 ? "" : "s"} of up to {fmtBytes(link.maxBytes)} each, until {fmtUtc(link.expiresAt)} UTC.
        </p>
      </div>
      <UploadDropzone target={{ kind: "link", token }} />
      <section className={`${PANEL} space-y-2`}>
        <h2 className="font-semibold">Or collect and upload from the node</h2>
        <p className="text-xs text-zinc-500">
          Run this on the node as root. The collector is one POSIX shell script that needs only coreutils, util-linux and iproute2, and curl or wget for the upload; it keeps a copy
          of the bundle on the node and prints a receipt.
        </p>
        <input readOnly value={command} data-testid="collector-command" className={`${INPUT} w-full font-mono text-xs`} />
      </section>
    </div>
  );
}

// Reached only when the link stopped being valid after /u/[token] was opened.
function LinkProblem({ message }: { message: string }) {
  return (
    <div className={`${PANEL} mx-auto mt-10 max-w-lg`} data-testid="link-problem">
      <h1 className="mb-2 text-base font-semibold">This upload link is no longer valid</h1>
      <p>{message}</p>
    </div>
  );
}

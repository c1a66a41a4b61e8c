import { DANGER } from "./ui";

/** The Revoke button of a token or link row: a server action bound to that row. */
export function RevokeForm({ action, testId }: { action: () => Promise<void>; testId?: string }) {
  return (
    <form action={action}>
      <button className={DANGER} data-testid={testId}>
        Revoke
      </button>
    </form>
  );
}

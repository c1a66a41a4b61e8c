"use client";
import { INPUT } from "./ui";

/** A value shown once (a link or token): read-only, selected on focus for copying. */
export function SecretField({ value, testId }: { value: string; testId?: string }) {
  return <input readOnly value={value} data-testid={testId} className={`${INPUT} w-full font-mono`} onFocus={(e) => e.currentTarget.select()} />;
}

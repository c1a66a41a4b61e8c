"use client";

export function SignOutButton() {
  async function signOut() {
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => {});
    window.location.assign("/sign-in");
  }
  return (
    <button onClick={signOut} className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">
      Sign out
    </button>
  );
}

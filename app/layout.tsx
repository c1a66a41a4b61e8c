import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { currentCaller } from "@/lib/auth/caller";
import { SignOutButton } from "./_components/sign-out-button";
import "./globals.css";
import { ThemeScript } from "./_components/theme-script";
import { ThemeToggle } from "./_components/theme-toggle";
import { KbdNav } from "./_components/kbd-nav";

export const metadata: Metadata = {
  title: "netbundle",
  description: "Offline support-bundle analyser for node networking",
};

const NAV = "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white";

// The header shows the portal's navigation to signed-in engineers only: the customer
// upload page and the incident-link page get the bare brand.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const h = await headers();
  const nonce = h.get("x-nonce") ?? undefined;
  const caller = await currentCaller();
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={nonce} />
      </head>
      <body className="min-h-screen font-sans text-sm">
        <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
          <nav className="mx-auto flex h-11 max-w-7xl items-center gap-5 px-4">
            <Link href={caller ? "/" : "#"} className="font-semibold tracking-tight">
              <span className="text-sky-600 dark:text-sky-400">net</span>bundle
            </Link>
            {caller && (
              <>
                <Link href="/" className={NAV}>
                  My cases
                </Link>
                <Link href="/cases" className={NAV}>
                  All cases
                </Link>
                <Link href="/bundles" className={NAV}>
                  Bundles
                </Link>
                <Link href="/compare" className={NAV}>
                  Compare
                </Link>
                {caller.role === "admin" && (
                  <Link href="/admin/users" className={NAV}>
                    Admin
                  </Link>
                )}
              </>
            )}
            <span className="ml-auto" />
            {caller && <span className="hidden text-xs text-zinc-400 lg:inline">j/k to move, Enter to open</span>}
            {caller && (
              <>
                <Link href="/account" className={NAV} data-testid="account-link">
                  {caller.email}
                </Link>
                <SignOutButton />
              </>
            )}
            <ThemeToggle />
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-5">{children}</main>
        <KbdNav />
      </body>
    </html>
  );
}

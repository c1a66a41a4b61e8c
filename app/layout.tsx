import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";
import { ThemeScript } from "./_components/theme-script";
import { ThemeToggle } from "./_components/theme-toggle";
import { KbdNav } from "./_components/kbd-nav";

export const metadata: Metadata = {
  title: "netbundle",
  description: "Offline support-bundle analyser for node networking",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body className="min-h-screen font-sans text-sm">
        <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
          <nav className="mx-auto flex h-11 max-w-7xl items-center gap-5 px-4">
            <Link href="/" className="font-semibold tracking-tight">
              <span className="text-sky-600 dark:text-sky-400">net</span>bundle
            </Link>
            <Link href="/" className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">
              Bundles
            </Link>
            <span className="ml-auto hidden text-xs text-zinc-400 sm:inline">j/k to move, Enter to open</span>
            <ThemeToggle />
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-5">{children}</main>
        <KbdNav />
      </body>
    </html>
  );
}

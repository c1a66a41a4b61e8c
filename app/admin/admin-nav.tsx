import Link from "next/link";

export function AdminNav({ active }: { active: "users" | "audit" | "storage" }) {
  const cls = (on: boolean) => `rounded px-2 py-1 ${on ? "bg-zinc-200 dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-900"}`;
  return (
    <nav className="flex gap-1 text-xs" aria-label="Admin sections">
      <Link href="/admin/users" className={cls(active === "users")}>
        Users
      </Link>
      <Link href="/admin/audit" className={cls(active === "audit")}>
        Audit log
      </Link>
      <Link href="/admin/storage" className={cls(active === "storage")}>
        Storage
      </Link>
    </nav>
  );
}

/**
 * Strips the single common top folder (netbundle-HOST-STAMP/, sosreport-HOST-.../) while
 * streaming, so before all names are known. The first entry decides: if it lives in a
 * folder (or is one), that folder is the candidate. An entry found outside it later keeps
 * its full path and the walk reports a warning, since earlier entries were already stripped.
 */
export class TopFolderStripper {
  top: string | null = null;
  private decided = false;
  outside: string[] = [];

  /** Path relative to the top folder; "" for the top folder itself. */
  strip(path: string, isDir: boolean): string {
    if (!this.decided) {
      this.decided = true;
      const slash = path.indexOf("/");
      if (slash > 0) this.top = path.slice(0, slash);
      else if (isDir) this.top = path;
    }
    if (this.top === null) return path;
    if (path === this.top) return "";
    if (path.startsWith(`${this.top}/`)) return path.slice(this.top.length + 1);
    this.outside.push(path);
    return path;
  }
}

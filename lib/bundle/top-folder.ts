/**
 * Strips the single common top folder (netbundle-HOST-STAMP/, sosreport-HOST-.../) while
 * streaming, so before all names are known. The first regular file decides (directory
 * entries come first but say nothing about a bundle packed with `tar -C dir .`): its first
 * folder is the top folder, unless the path is already a known layout path as it stands
 * ("host/uname.txt" first means there is no top folder). An entry found outside the top
 * folder later keeps its full path and the walk reports a warning.
 */
export class TopFolderStripper {
  top: string | null = null;
  private decided = false;
  outside: string[] = [];

  constructor(private readonly isKnownPath: (path: string) => boolean = () => false) {}

  /** Path of a regular file relative to the top folder. */
  strip(path: string): string {
    if (!this.decided) {
      this.decided = true;
      const slash = path.indexOf("/");
      if (slash > 0 && !this.isKnownPath(path)) this.top = path.slice(0, slash);
    }
    if (this.top === null) return path;
    if (path.startsWith(`${this.top}/`)) return path.slice(this.top.length + 1);
    this.outside.push(path);
    return path;
  }
}

/**
 * The shell's virtual file system: Istio's sample manifests at their real paths
 * (`samples/bookinfo/platform/kube/bookinfo.yaml` …) plus anything the learner writes with `>`.
 * Paths are relative to the home directory `/root`, which is also the cwd, like an istio release
 * folder. Implemented in `vfs-impl.ts`.
 */
export interface Vfs {
	/** Undefined when the path is missing or is a directory. */
	read(path: string): string | undefined;
	write(path: string, content: string): void;
	append(path: string, content: string): void;
	/** Creates a directory and its missing parents (`mkdir -p`). */
	mkdir(path: string): void;
	/** Deletes a file (not a directory); nothing happens when there is none. */
	remove(path: string): void;
	/** Deletes a directory and everything under it (`rm -r`); never `/`. */
	removeTree(path: string): void;
	exists(path: string): boolean;
	isDirectory(path: string): boolean;
	/** Entry names in a directory (files and sub-directories), sorted; undefined if not a directory. */
	list(path: string): string[] | undefined;
	/** Resolves `.`/`..` and a relative path against the cwd. */
	resolve(path: string): string;
}

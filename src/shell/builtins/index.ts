/** Every shell builtin, in the order `help` lists them. */
import { base64 } from './base64.ts';
import { cat } from './cat.ts';
import { cd, pwd } from './cd.ts';
import { clear } from './clear.ts';
import { awk } from './awk.ts';
import { cut } from './cut.ts';
import { date } from './date.ts';
import { echo } from './echo.ts';
import { env, exportCmd, unset } from './export.ts';
import { grep } from './grep.ts';
import { head } from './head.ts';
import { help, which } from './help.ts';
import { history } from './history.ts';
import { bg, fg, jobs, kill, wait } from './job-control.ts';
import { jq } from './jq.ts';
import { ls } from './ls.ts';
import { mkdir } from './mkdir.ts';
import { printf } from './printf.ts';
import { read } from './read.ts';
import { rm } from './rm.ts';
import { sed } from './sed.ts';
import { seq } from './seq.ts';
import { bash, sh } from './sh.ts';
import { sleep } from './sleep.ts';
import { sort } from './sort.ts';
import { tail } from './tail.ts';
import { bracketTest, test } from './test.ts';
import { tr } from './tr.ts';
import { colon, falseCmd, trueCmd } from './true.ts';
import type { Builtin } from './types.ts';
import { uniq } from './uniq.ts';
import { nano, vi, vim } from './vi.ts';
import { wc } from './wc.ts';
import { xargs } from './xargs.ts';

export const BUILTINS: readonly Builtin[] = [
	base64,
	bash,
	bg,
	cat,
	cd,
	clear,
	awk,
	cut,
	date,
	echo,
	env,
	exportCmd,
	falseCmd,
	fg,
	grep,
	head,
	help,
	history,
	jobs,
	jq,
	kill,
	ls,
	mkdir,
	nano,
	printf,
	pwd,
	read,
	rm,
	sed,
	seq,
	sh,
	sleep,
	sort,
	tail,
	test,
	bracketTest,
	tr,
	trueCmd,
	colon,
	uniq,
	unset,
	vi,
	vim,
	wc,
	wait,
	which,
	xargs
];

export const BUILTIN_MAP: ReadonlyMap<string, Builtin> = new Map(BUILTINS.map((b) => [b.name, b]));

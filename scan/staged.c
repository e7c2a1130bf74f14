/* staged.c - --staged: scan what git has staged (the index content, not the work
 * tree). Entries come from `git diff --cached --raw -z --no-renames` (mode, blob id,
 * path), contents from `git cat-file blob ID`; gitlinks (submodules) and deletions
 * are skipped. git runs without a shell and its own diagnostics are silenced: doppel
 * prints one line of its own. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dp_exit.h"
#include "scan.h"

/* Starts git with argv; returns the read end of its stdout, or -1. */
static int git_pipe(char *const argv[], pid_t *pid)
{
	int fd[2];

	if (pipe(fd) != 0)
		return -1;
	*pid = fork();
	if (*pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (*pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, 2);
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp("git", argv);
		_exit(127);
	}
	close(fd[1]);
	return fd[0];
}

static int git_wait(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Runs git with argv and collects its output in buf; returns git's exit status or -1. */
static int git_output(char *const argv[], dp_buf *buf)
{
	pid_t pid;
	char tmp[8192];
	ssize_t r;
	int fd = git_pipe(argv, &pid);

	if (fd < 0)
		return -1;
	while ((r = read(fd, tmp, sizeof tmp)) > 0)
		if (dp_buf_add(buf, tmp, (size_t)r) < 0)
			break;
	close(fd);
	return git_wait(pid);
}

/* Reads the raw diff of the index against HEAD (or the empty tree) into buf. */
static int staged_list(dp_buf *buf, dp_err *err)
{
	char *probe[] = {"git", "rev-parse", "--git-dir", NULL};
	char *argv[] = {"git", "diff", "--cached", "--raw", "-z", "--no-renames", "--no-abbrev",
	                "--diff-filter=ACMT", NULL};
	dp_buf tmp;
	int st;

	dp_buf_init(&tmp, 1 << 16);
	st = git_output(probe, &tmp);
	dp_buf_free(&tmp);
	if (st < 0)
		return dp_err_set(err, DP_SOFTWARE, "--staged: cannot run git: %s", strerror(errno));
	if (st != 0)
		return dp_err_set(err, DP_NOINPUT, "--staged: not inside a git repository");
	if (git_output(argv, buf) != 0)
		return dp_err_set(err, DP_NOINPUT, "--staged: git diff --cached failed");
	return 0;
}

static void scan_blob(scan_ctx *c, const char *path, const char *blob)
{
	char id[64];
	char *argv[] = {"git", "cat-file", "blob", id, NULL};
	dp_input *in;
	dp_err err;
	pid_t pid;
	int fd;

	snprintf(id, sizeof id, "%s", blob);
	dp_err_clear(&err);
	if (scan_path_matches(c, path, path, 0))
		return;
	fd = git_pipe(argv, &pid);
	if (fd < 0 || dp_input_open_fd(&in, fd, path, &err) != 0) {
		dp_err_setf(&err, DP_IOERR, path, 0, "cannot read staged content");
		scan_note_error(c, &err);
		return;
	}
	c->rel = path;
	scan_input(c, in, path, c->o->format != FMT_AUTO ? c->o->format : scan_format_by_name(path));
	c->rel = NULL;
	dp_input_close(in);
	git_wait(pid);
}

/* One raw entry ":OLDMODE NEWMODE OLDID NEWID STATUS\0PATH\0": scans regular files. */
static size_t raw_entry(scan_ctx *c, const char *p, size_t n)
{
	const char *meta = p, *path;
	size_t ml = strnlen(p, n), pl;
	char mode[8], blob[64];

	if (ml + 1 >= n)
		return n;
	path = p + ml + 1;
	pl = strnlen(path, n - ml - 1);
	if (sscanf(meta, ":%*6s %6s %*s %63s", mode, blob) == 2 && strncmp(mode, "100", 3) == 0)
		scan_blob(c, path, blob);
	return ml + 1 + pl + 1;
}

int scan_staged(scan_ctx *c)
{
	dp_buf list;
	dp_err err;

	dp_buf_init(&list, 256u << 20);
	dp_err_clear(&err);
	if (staged_list(&list, &err) != 0) {
		scan_note_error(c, &err);
		dp_buf_free(&list);
		return err.code;
	}
	for (size_t i = 0; i < list.len;)
		i += raw_entry(c, list.data + i, list.len - i);
	dp_buf_free(&list);
	return 0;
}

/* staged.c - --staged: scan what git has staged (the index content, not the work
 * tree). Paths come from `git diff --cached --name-only -z`, contents from
 * `git cat-file blob :PATH`, both run without a shell. */
#include "config.h"

#include <errno.h>
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

/* Reads the NUL-separated list of staged paths into buf. */
static int staged_list(dp_buf *buf, dp_err *err)
{
	char *argv[] = {"git", "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", NULL};
	pid_t pid;
	char tmp[8192];
	ssize_t r;
	int fd = git_pipe(argv, &pid);

	if (fd < 0)
		return dp_err_set(err, DP_SOFTWARE, "cannot run git: %s", strerror(errno));
	while ((r = read(fd, tmp, sizeof tmp)) > 0)
		if (dp_buf_add(buf, tmp, (size_t)r) < 0)
			break;
	close(fd);
	if (git_wait(pid) != 0)
		return dp_err_set(err, DP_NOINPUT, "--staged: git diff --cached failed (not a git repository?)");
	return 0;
}

static void scan_blob(scan_ctx *c, const char *path)
{
	char spec[4200];
	char *argv[] = {"git", "cat-file", "blob", spec, NULL};
	dp_input *in;
	dp_err err;
	pid_t pid;
	int fd;

	snprintf(spec, sizeof spec, ":%s", path);
	dp_err_clear(&err);
	if (c->rules && dp_rules_excluded(c->rules, path))
		return;
	fd = git_pipe(argv, &pid);
	if (fd < 0 || dp_input_open_fd(&in, fd, path, &err) != 0) {
		dp_err_setf(&err, DP_IOERR, path, 0, "cannot read staged content");
		scan_note_error(c, &err);
		return;
	}
	scan_input(c, in, path, c->o->format != FMT_AUTO ? c->o->format : scan_format_by_name(path));
	dp_input_close(in);
	git_wait(pid);
}

int scan_staged(scan_ctx *c)
{
	dp_buf list;
	dp_err err;

	dp_buf_init(&list, 64u << 20);
	dp_err_clear(&err);
	if (staged_list(&list, &err) != 0) {
		scan_note_error(c, &err);
		dp_buf_free(&list);
		return err.code;
	}
	for (size_t i = 0; i < list.len; i += strlen(list.data + i) + 1)
		if (list.data[i])
			scan_blob(c, list.data + i);
	dp_buf_free(&list);
	return 0;
}

/*
 * Child processes for the container libraries. Every child is forked by one
 * long-lived thread: a child asks the kernel to kill it when the thread that
 * forked it ends (PR_SET_PDEATHSIG), and e4scope's worker threads come and
 * go. A child keeps only its socket and the standard streams, and ends with
 * _exit, so no exit handler of the parent (a sanitizer's, a fuzzer's) runs
 * in it.
 */
#define _GNU_SOURCE
#include "LibraryProcess.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Present only in sanitizer builds: who runs when a sanitizer reports. */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

/* A sanitizer report in a child ends the child, as a crash would. */
static void die_by_abort(void)
{
	signal(SIGABRT, SIG_DFL);
	raise(SIGABRT);
	_exit(134);
}

static void become_library_child(pid_t parent, int channel)
{
	static const int crashes[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
				       SIGTERM, SIGALRM, SIGPIPE, SIGUSR1, SIGUSR2 };
	sigset_t none;
	unsigned int first_closed;
	size_t i;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(127);
	for (i = 0; i < sizeof(crashes) / sizeof(crashes[0]); i++)
		signal(crashes[i], SIG_DFL);
	/* Ctrl-C is the parent's to handle; the child ends when it does. */
	signal(SIGINT, SIG_IGN);
	sigemptyset(&none);
	pthread_sigmask(SIG_SETMASK, &none, NULL);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(die_by_abort);
	if (channel >= 0 && channel != 3 && dup2(channel, 3) != 3)
		_exit(127);
	first_closed = channel >= 0 ? 4 : 3;
	if (syscall(SYS_close_range, first_closed, ~0u, 0u) != 0) {
		long fd, last = sysconf(_SC_OPEN_MAX);

		for (fd = first_closed; fd < last; fd++)
			close((int) fd);
	}
}

/* One request to the forking thread, and its answer. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	void (*job)(void *argument, int channel);
	void *argument;
	int channel;
	int pending;
	pid_t pid;
} spawner = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
static pthread_mutex_t one_request = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t spawner_started = PTHREAD_ONCE_INIT;
static int spawner_running;

static void *spawner_loop(void *unused)
{
	(void) unused;
	pthread_mutex_lock(&spawner.lock);
	for (;;) {
		pid_t parent, pid;

		while (!spawner.pending)
			pthread_cond_wait(&spawner.changed, &spawner.lock);
		parent = getpid();
		pid = fork();
		if (pid == 0) {
			become_library_child(parent, spawner.channel);
			spawner.job(spawner.argument, 3);
			_exit(0);
		}
		spawner.pid = pid;
		spawner.pending = 0;
		pthread_cond_broadcast(&spawner.changed);
	}
	return NULL;
}

static void start_spawner(void)
{
	pthread_t thread;
	pthread_attr_t attributes;
	sigset_t all, previous;

	/* The thread takes no signals: they stay with the threads that handle them. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &previous);
	pthread_attr_init(&attributes);
	pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
	spawner_running = pthread_create(&thread, &attributes, spawner_loop, NULL) == 0;
	pthread_attr_destroy(&attributes);
	pthread_sigmask(SIG_SETMASK, &previous, NULL);
}

pid_t e4_library_child(void (*job)(void *argument, int channel), void *argument,
		       int channel)
{
	pid_t pid;

	pthread_once(&spawner_started, start_spawner);
	if (!spawner_running)
		return -1;
	pthread_mutex_lock(&one_request);
	pthread_mutex_lock(&spawner.lock);
	spawner.job = job;
	spawner.argument = argument;
	spawner.channel = channel;
	spawner.pending = 1;
	pthread_cond_broadcast(&spawner.changed);
	while (spawner.pending)
		pthread_cond_wait(&spawner.changed, &spawner.lock);
	pid = spawner.pid;
	pthread_mutex_unlock(&spawner.lock);
	pthread_mutex_unlock(&one_request);
	return pid;
}

void e4_describe_child_end(int status, char *text, size_t size)
{
	if (WIFSIGNALED(status))
		snprintf(text, size, "killed by signal %d", WTERMSIG(status));
	else if (WIFEXITED(status))
		snprintf(text, size, "exited with status %d", WEXITSTATUS(status));
	else
		snprintf(text, size, "ended");
}

/* Moves exactly `size` bytes over the socket, one way or the other. */
static int transfer_all(int fd, char *next, size_t size, int sending)
{
	while (size > 0) {
		ssize_t n = sending ? send(fd, next, size, MSG_NOSIGNAL) : recv(fd, next, size, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		next += n;
		size -= (size_t) n;
	}
	return 0;
}

int e4_send_all(int fd, const void *data, size_t size)
{
	return transfer_all(fd, (char *) data, size, 1);
}

int e4_receive_all(int fd, void *data, size_t size)
{
	return transfer_all(fd, data, size, 0);
}

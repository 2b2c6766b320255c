/*
 * The media inside a container, read through a child process that runs the
 * container's library (MediaServer.c): requests (offset, length) go over a
 * socket, the bytes come back through a shared memory window (faster than
 * sending them over the socket). When the child dies or its library fails a
 * read, the read fails and the container's failure is kept for
 * e4_container_failure; e4scope itself never runs the library.
 */
#define _GNU_SOURCE
#include "LibraryProcess.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A signature check in a child: its exit status is the format. */
static void detect_job(void *argument, int channel)
{
	const struct media_adapter *adapter = e4_adapter_for(argument);

	(void) channel;
	_exit(adapter ? (int) adapter->format : (int) E4_CONTAINER_NONE);
}

static enum e4_container_format detect_in_child(const char *path)
{
	pid_t pid = e4_library_child(detect_job, (void *) path, -1);
	int status = 0;

	if (pid < 0)
		return E4_CONTAINER_NONE;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return E4_CONTAINER_NONE;
	if (!WIFEXITED(status) || WEXITSTATUS(status) > E4_CONTAINER_VHDI)
		return E4_CONTAINER_NONE;
	return (enum e4_container_format) WEXITSTATUS(status);
}

/*
 * The last files checked, by identity and version (size, modification and
 * change times): a command asks about the same image many times, and each
 * check is a fork.
 */
struct detected {
	dev_t device;
	ino_t inode;
	off_t size;
	struct timespec modified, changed;
	enum e4_container_format format;
};

static struct {
	pthread_mutex_t lock;
	struct detected files[8];
	unsigned int count;
} detected = { PTHREAD_MUTEX_INITIALIZER };

static int same_file(const struct detected *file, const struct stat *st)
{
	return file->device == st->st_dev && file->inode == st->st_ino &&
	       file->size == st->st_size && file->modified.tv_sec == st->st_mtim.tv_sec &&
	       file->modified.tv_nsec == st->st_mtim.tv_nsec &&
	       file->changed.tv_sec == st->st_ctim.tv_sec &&
	       file->changed.tv_nsec == st->st_ctim.tv_nsec;
}

enum e4_container_format e4_container_detect(const char *path)
{
	struct stat st;
	struct detected file;
	unsigned int i, kept;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return detect_in_child(path);
	pthread_mutex_lock(&detected.lock);
	kept = detected.count < 8 ? detected.count : 8;
	for (i = 0; i < kept; i++) {
		if (same_file(&detected.files[i], &st)) {
			enum e4_container_format format = detected.files[i].format;

			pthread_mutex_unlock(&detected.lock);
			return format;
		}
	}
	pthread_mutex_unlock(&detected.lock);
	file.device = st.st_dev;
	file.inode = st.st_ino;
	file.size = st.st_size;
	file.modified = st.st_mtim;
	file.changed = st.st_ctim;
	file.format = detect_in_child(path);
	pthread_mutex_lock(&detected.lock);
	detected.files[detected.count++ % 8] = file;
	pthread_mutex_unlock(&detected.lock);
	return file.format;
}

struct e4_media {
	char *path;
	pid_t child; /* 0: none running */
	int channel;
	void *window;
	unsigned long long size;
	char format[16];
	/* Children started after one died: bounded, a hostile container may kill every one. */
	int restarts;
	/* One request at a time on the child's socket. */
	pthread_mutex_t lock;
};

/* A read whose library process dies fails; the next read starts a new one, this often. */
#define E4_MEDIA_RESTARTS 16

/* The last container failure, for e4_container_failure. */
static struct {
	pthread_mutex_t lock;
	char path[PATH_MAX];
	char message[320];
} last_failure = { PTHREAD_MUTEX_INITIALIZER };

static void keep_failure(const char *path, const char *message)
{
	pthread_mutex_lock(&last_failure.lock);
	snprintf(last_failure.path, sizeof(last_failure.path), "%s", path);
	snprintf(last_failure.message, sizeof(last_failure.message), "%s", message);
	pthread_mutex_unlock(&last_failure.lock);
}

int e4_container_failure(const char *path, char *message, size_t size)
{
	int found;

	pthread_mutex_lock(&last_failure.lock);
	found = last_failure.message[0] && strcmp(last_failure.path, path) == 0;
	if (found && size > 0)
		snprintf(message, size, "%s", last_failure.message);
	pthread_mutex_unlock(&last_failure.lock);
	return found ? 0 : -1;
}

/* Waits for a child that closed its socket (or was killed): how it ended. */
static void reap(pid_t child, char *text, size_t size)
{
	int status = 0;

	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(text, size, "ended");
			return;
		}
	}
	e4_describe_child_end(status, text, size);
}

/* Ends the child (if any) and closes its socket. */
static void stop_child(struct e4_media *media)
{
	if (media->channel >= 0)
		close(media->channel);
	media->channel = -1;
	if (media->child > 0) {
		kill(media->child, SIGKILL);
		while (waitpid(media->child, NULL, 0) < 0 && errno == EINTR)
			;
	}
	media->child = 0;
}

static void release(struct e4_media *media)
{
	stop_child(media);
	if (media->window && media->window != MAP_FAILED)
		munmap(media->window, E4_MEDIA_WINDOW);
	pthread_mutex_destroy(&media->lock);
	free(media->path);
	free(media);
}

/* A shared, zero-filled window that a child inherits across fork. */
static void *shared_window(void)
{
	int fd = memfd_create("e4scope-media-window", MFD_CLOEXEC);
	void *window;

	if (fd < 0)
		return MAP_FAILED;
	if (ftruncate(fd, E4_MEDIA_WINDOW) != 0) {
		close(fd);
		return MAP_FAILED;
	}
	window = mmap(NULL, E4_MEDIA_WINDOW, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return window;
}

/*
 * Starts a child that opens the container: 0 and what it opened, or -1
 * with the reason in `failure` (and kept, when the library died).
 */
static int start_child(struct e4_media *media, struct media_opened *opened,
		       struct failure *failure)
{
	struct media_job job = { media->path, media->window };
	int sockets[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
		e4_fail(failure, "cannot start the container library's process");
		return -1;
	}
	media->channel = sockets[0];
	media->child = e4_library_child(e4_serve_media, &job, sockets[1]);
	close(sockets[1]);
	if (media->child < 0) {
		media->child = 0;
		stop_child(media);
		e4_fail(failure, "cannot start the container library's process");
		return -1;
	}
	if (e4_receive_all(media->channel, opened, sizeof(*opened)) != 0) {
		char end[64];

		reap(media->child, end, sizeof(end));
		media->child = 0;
		stop_child(media);
		if (failure->size > 0)
			snprintf(failure->message, failure->size,
				 "the container is damaged: its library failed opening it (%s)",
				 end);
		keep_failure(media->path, failure->message);
		return -1;
	}
	if (opened->status != 0) {
		opened->message[sizeof(opened->message) - 1] = '\0';
		e4_fail(failure, opened->message);
		stop_child(media);
		return -1;
	}
	return 0;
}

int e4_media_open(const char *path, struct e4_media **media, char *message,
		  size_t message_size)
{
	struct failure failure = { message, message_size };
	struct media_opened opened;
	struct e4_media *m = calloc(1, sizeof(*m));

	if (!m || !(m->path = strdup(path))) {
		free(m);
		e4_fail(&failure, "out of memory");
		return -1;
	}
	m->channel = -1;
	pthread_mutex_init(&m->lock, NULL);
	m->window = shared_window();
	if (m->window == MAP_FAILED) {
		e4_fail(&failure, "cannot start the container library's process");
		release(m);
		return -1;
	}
	if (start_child(m, &opened, &failure) != 0) {
		release(m);
		return -1;
	}
	m->size = opened.size;
	memcpy(m->format, opened.format, sizeof(m->format));
	m->format[sizeof(m->format) - 1] = '\0';
	*media = m;
	return 0;
}

void e4_media_close(struct e4_media *media)
{
	if (media)
		release(media);
}

unsigned long long e4_media_size(const struct e4_media *media)
{
	return media->size;
}

const char *e4_media_format_name(const struct e4_media *media)
{
	return media->format;
}

/* A read that failed: why, kept for e4_container_failure. */
static void keep_read_failure(struct e4_media *media, unsigned long long offset,
			      const char *end)
{
	char text[320];

	snprintf(text, sizeof(text),
		 "the %s container is damaged: its library failed reading at byte %llu%s%s%s",
		 media->format, offset, *end ? " (" : "", end, *end ? ")" : "");
	keep_failure(media->path, text);
}

/* A child for the next read after one died: 0, or -1 (no more restarts, or it failed). */
static int restart_child(struct e4_media *media)
{
	char unused[8];
	struct failure failure = { unused, sizeof(unused) };
	struct media_opened opened;

	if (media->restarts >= E4_MEDIA_RESTARTS)
		return -1;
	media->restarts++;
	if (start_child(media, &opened, &failure) != 0)
		return -1;
	if (opened.size != media->size) {
		stop_child(media);
		return -1;
	}
	return 0;
}

/* One request of at most the window's size, under the lock. */
static ssize_t read_window(struct e4_media *media, void *buffer, size_t size,
			   unsigned long long offset)
{
	struct media_request request = { offset, size };
	struct media_answer answer;

	if (media->child == 0 && restart_child(media) != 0)
		return -1;
	if (e4_send_all(media->channel, &request, sizeof(request)) != 0 ||
	    e4_receive_all(media->channel, &answer, sizeof(answer)) != 0) {
		char end[64];

		reap(media->child, end, sizeof(end));
		media->child = 0;
		stop_child(media);
		keep_read_failure(media, offset, end);
		return -1;
	}
	if (answer.result < 0 || (uint64_t) answer.result > size) {
		keep_read_failure(media, offset, "");
		return -1;
	}
	memcpy(buffer, media->window, (size_t) answer.result);
	return (ssize_t) answer.result;
}

ssize_t e4_media_read(struct e4_media *media, void *buffer, size_t size,
		      unsigned long long offset)
{
	size_t done = 0;
	ssize_t n = 0;

	if (offset >= media->size)
		return 0;
	if (size > media->size - offset)
		size = (size_t) (media->size - offset);
	pthread_mutex_lock(&media->lock);
	while (done < size) {
		size_t want = size - done < E4_MEDIA_WINDOW ? size - done : E4_MEDIA_WINDOW;

		n = read_window(media, (char *) buffer + done, want, offset + done);
		if (n <= 0)
			break;
		done += (size_t) n;
	}
	pthread_mutex_unlock(&media->lock);
	if (n < 0 && done == 0)
		return -1;
	return (ssize_t) done;
}

/*
 * Inside ContainerIO: the container library adapters, and the child
 * process that runs one of them. The container libraries are not hardened
 * against hostile files, so only a child process ever calls them: a library
 * that crashes or corrupts memory takes its child down, never e4scope.
 */
#ifndef E4SCOPE_LIBRARYPROCESS_H
#define E4SCOPE_LIBRARYPROCESS_H

#include "ContainerIO.h"

#include <stdint.h>

/* What an adapter needs to say why an open failed. */
struct failure {
	char *message;
	size_t size;
};

void e4_fail(struct failure *failure, const char *text);

/* One container library: check the signature, open, size, read, name, close. */
struct media_adapter {
	enum e4_container_format format;
	int (*check)(const char *path);
	void *(*open)(const char *path, struct failure *failure);
	int (*size)(void *handle, unsigned long long *bytes);
	ssize_t (*read)(void *handle, void *buffer, size_t size,
			unsigned long long offset);
	const char *(*name)(void *handle);
	void (*close)(void *handle);
};

/* The adapter whose signature `path` has, or NULL (ContainerLibraries.c). */
const struct media_adapter *e4_adapter_for(const char *path);

/*
 * Starts a child process that runs `job(argument, channel)` and exits
 * (LibraryChild.c): the child keeps only `channel` (as descriptor 3; -1:
 * none) and the standard streams, ignores SIGINT, dies with the parent, and ends with
 * _exit. Returns the child's pid, or -1.
 */
pid_t e4_library_child(void (*job)(void *argument, int channel), void *argument,
		       int channel);

/* Why a child ended: "killed by signal 11", "exited with status 1". */
void e4_describe_child_end(int status, char *text, size_t size);

/* ---- What the parent and a media child say over their socket ---- */

/* The child's first message: whether the container opened, and what it holds. */
struct media_opened {
	int32_t status; /* 0: opened; -1: not (message says why) */
	uint64_t size;
	char format[16];
	char message[512];
};

/* A read request: the child reads into the shared window. */
struct media_request {
	uint64_t offset;
	uint64_t length; /* at most the window's size */
};

/* The answer: bytes read into the window, or -1 on a read error. */
struct media_answer {
	int64_t result;
};

/* The shared window a child reads into (bytes). */
#define E4_MEDIA_WINDOW (4u << 20)

/* A media child's job: open `path` and serve reads (MediaServer.c). */
struct media_job {
	const char *path;
	void *window;
};
void e4_serve_media(void *job, int channel);

/* Sends or receives exactly `size` bytes: 0, or -1 (error or end of stream). */
int e4_send_all(int fd, const void *data, size_t size);
int e4_receive_all(int fd, void *data, size_t size);

#endif

/*
 * A media child's work: open the container with its library, say what it
 * holds, then answer read requests into the shared window until the parent
 * closes the socket.
 */
#include "LibraryProcess.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * E4SCOPE_TEST_MEDIA_CRASH_AT=BYTE (tests only): the child dies by SIGSEGV
 * when asked for a read that covers that byte of the media, as a library
 * crashing on a damaged container would. -1 when unset.
 */
static long long crash_byte(void)
{
	const char *text = getenv("E4SCOPE_TEST_MEDIA_CRASH_AT");
	char *end = NULL;
	long long byte;

	if (!text || !*text)
		return -1;
	byte = strtoll(text, &end, 10);
	return *end || byte < 0 ? -1 : byte;
}

void e4_serve_media(void *argument, int channel)
{
	const struct media_job *job = argument;
	const struct media_adapter *adapter = e4_adapter_for(job->path);
	struct media_opened opened;
	struct failure failure = { opened.message, sizeof(opened.message) };
	struct media_request request;
	long long crash_at = crash_byte();
	unsigned long long size = 0;
	void *handle = NULL;

	memset(&opened, 0, sizeof(opened));
	opened.status = -1;
	if (!adapter)
		e4_fail(&failure, "not a container image");
	else if ((handle = adapter->open(job->path, &failure)) == NULL)
		;
	else if (adapter->size(handle, &size) != 0)
		e4_fail(&failure, "the container does not tell its media size");
	else {
		opened.status = 0;
		opened.size = size;
		strncpy(opened.format, adapter->name(handle), sizeof(opened.format) - 1);
	}
	if (e4_send_all(channel, &opened, sizeof(opened)) != 0 || opened.status != 0)
		_exit(0);
	while (e4_receive_all(channel, &request, sizeof(request)) == 0) {
		struct media_answer answer = { -1 };

		if (crash_at >= 0 && request.offset <= (uint64_t) crash_at &&
		    (uint64_t) crash_at - request.offset < request.length)
			raise(SIGSEGV);
		if (request.length <= E4_MEDIA_WINDOW)
			answer.result = adapter->read(handle, job->window,
						      (size_t) request.length,
						      request.offset);
		if (e4_send_all(channel, &answer, sizeof(answer)) != 0)
			break;
	}
	_exit(0);
}

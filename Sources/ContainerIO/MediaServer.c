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
 * E4SCOPE_TEST_MEDIA_CRASH_AFTER=N (tests only): the child dies by SIGSEGV
 * when asked for read N+1, as a library crashing on a damaged container would.
 */
static long reads_before_crash(void)
{
	const char *text = getenv("E4SCOPE_TEST_MEDIA_CRASH_AFTER");
	char *end = NULL;
	long count;

	if (!text || !*text)
		return -1;
	count = strtol(text, &end, 10);
	return *end || count < 0 ? -1 : count;
}

void e4_serve_media(void *argument, int channel)
{
	const struct media_job *job = argument;
	const struct media_adapter *adapter = e4_adapter_for(job->path);
	struct media_opened opened;
	struct failure failure = { opened.message, sizeof(opened.message) };
	struct media_request request;
	long crash_after = reads_before_crash();
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

		if (crash_after >= 0 && crash_after-- == 0)
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

/*
 * The container libraries behind one function table: one small adapter per
 * library (check the signature, open, media size, read at offset, close).
 * Only a library child process calls them (LibraryChild.c).
 */
#include "LibraryProcess.h"

#include <libewf.h>
#include <libqcow.h>
#include <libvhdi.h>
#include <libvmdk.h>
#include <stdio.h>
#include <string.h>

void e4_fail(struct failure *failure, const char *text)
{
	if (failure->size > 0)
		snprintf(failure->message, failure->size, "%s", text);
}

/* The first line of a libyal error backtrace ("x: unable to open file."). */
static void fail_with_library_text(struct failure *failure, const char *prefix,
				   char *text)
{
	char *newline = strchr(text, '\n');

	if (newline)
		*newline = '\0';
	if (failure->size > 0)
		snprintf(failure->message, failure->size, "%s: %s", prefix, text);
}

/* ---- EWF (libewf): E01/L01 segment sets ---- */

static void ewf_failure(libewf_error_t **error, struct failure *failure)
{
	char text[512] = "";

	if (*error)
		libewf_error_sprint(*error, text, sizeof(text));
	libewf_error_free(error);
	fail_with_library_text(failure, "libewf", text);
}

static void ewf_close(void *handle);

static int ewf_check(const char *path)
{
	return libewf_check_file_signature(path, NULL) == 1;
}

static void *ewf_open(const char *path, struct failure *failure)
{
	libewf_error_t *error = NULL;
	libewf_handle_t *handle = NULL;
	char **names = NULL;
	int count = 0;

	if (libewf_glob(path, strlen(path), LIBEWF_FORMAT_UNKNOWN, &names,
			&count, &error) != 1) {
		ewf_failure(&error, failure);
		return NULL;
	}
	if (libewf_handle_initialize(&handle, &error) != 1 ||
	    libewf_handle_open(handle, names, count, LIBEWF_OPEN_READ,
			       &error) != 1) {
		ewf_failure(&error, failure);
		if (handle)
			libewf_handle_free(&handle, NULL);
		handle = NULL;
	}
	libewf_glob_free(names, count, NULL);
	/* A set with a segment missing (or a damaged one) opens, then fails reads. */
	if (handle && libewf_handle_segment_files_corrupted(handle, NULL) != 0) {
		e4_fail(failure, "the EWF segment files are incomplete or corrupted "
			      "(a segment is missing or damaged)");
		ewf_close(handle);
		handle = NULL;
	}
	return handle;
}

static int ewf_size(void *handle, unsigned long long *bytes)
{
	size64_t size = 0;

	if (libewf_handle_get_media_size(handle, &size, NULL) != 1)
		return -1;
	*bytes = size;
	return 0;
}

static ssize_t ewf_read(void *handle, void *buffer, size_t size,
			unsigned long long offset)
{
	return libewf_handle_read_random(handle, buffer, size, (off64_t) offset,
					 NULL);
}

static const char *ewf_name(void *handle)
{
	(void) handle;
	return "EWF";
}

static void ewf_close(void *handle)
{
	libewf_handle_t *ewf = handle;

	libewf_handle_close(ewf, NULL);
	libewf_handle_free(&ewf, NULL);
}

/* ---- QCOW (libqcow): qemu's copy-on-write images, version 1 to 3 ---- */

static void qcow_failure(libqcow_error_t **error, struct failure *failure)
{
	char text[512] = "";

	if (*error)
		libqcow_error_sprint(*error, text, sizeof(text));
	libqcow_error_free(error);
	fail_with_library_text(failure, "libqcow", text);
}

static int qcow_check(const char *path)
{
	return libqcow_check_file_signature(path, NULL) == 1;
}

static void qcow_free(libqcow_file_t *file)
{
	libqcow_file_close(file, NULL);
	libqcow_file_free(&file, NULL);
}

static void *qcow_open(const char *path, struct failure *failure)
{
	libqcow_error_t *error = NULL;
	libqcow_file_t *file = NULL;
	uint32_t encryption = 0;
	size_t backing = 0;

	if (libqcow_file_initialize(&file, &error) != 1 ||
	    libqcow_file_open(file, path, LIBQCOW_OPEN_READ, &error) != 1) {
		qcow_failure(&error, failure);
		if (file)
			libqcow_file_free(&file, NULL);
		return NULL;
	}
	if (libqcow_file_get_utf8_backing_filename_size(file, &backing, NULL) == 1 &&
	    backing > 1) {
		e4_fail(failure, "the image has a backing file: an overlay is not a whole disk "
			      "(qemu-img convert -O raw makes one)");
		qcow_free(file);
		return NULL;
	}
	if (libqcow_file_get_encryption_method(file, &encryption, NULL) == 1 &&
	    encryption != LIBQCOW_ENCRYPTION_METHOD_NONE) {
		e4_fail(failure, "the image is encrypted");
		qcow_free(file);
		return NULL;
	}
	return file;
}

static int qcow_size(void *handle, unsigned long long *bytes)
{
	size64_t size = 0;

	if (libqcow_file_get_media_size(handle, &size, NULL) != 1)
		return -1;
	*bytes = size;
	return 0;
}

static ssize_t qcow_read(void *handle, void *buffer, size_t size,
			 unsigned long long offset)
{
	return libqcow_file_read_buffer_at_offset(handle, buffer, size,
						  (off64_t) offset, NULL);
}

static const char *qcow_name(void *handle)
{
	uint32_t version = 0;

	if (libqcow_file_get_format_version(handle, &version, NULL) == 1 &&
	    version == 1)
		return "QCOW";
	return "QCOW2";
}

static void qcow_close(void *handle)
{
	qcow_free(handle);
}

/* ---- VMDK (libvmdk): VMware disks, with their extent files ---- */

static void vmdk_failure(libvmdk_error_t **error, struct failure *failure)
{
	char text[512] = "";

	if (*error)
		libvmdk_error_sprint(*error, text, sizeof(text));
	libvmdk_error_free(error);
	fail_with_library_text(failure, "libvmdk", text);
}

static int vmdk_check(const char *path)
{
	return libvmdk_check_file_signature(path, NULL) == 1;
}

static void vmdk_free(libvmdk_handle_t *handle)
{
	libvmdk_handle_close(handle, NULL);
	libvmdk_handle_free(&handle, NULL);
}

static void *vmdk_open(const char *path, struct failure *failure)
{
	libvmdk_error_t *error = NULL;
	libvmdk_handle_t *handle = NULL;
	const char *slash = strrchr(path, '/');
	size_t parent = 0;

	if (libvmdk_handle_initialize(&handle, &error) != 1 ||
	    libvmdk_handle_open(handle, path, LIBVMDK_OPEN_READ, &error) != 1) {
		vmdk_failure(&error, failure);
		if (handle)
			libvmdk_handle_free(&handle, NULL);
		return NULL;
	}
	/* Extent files are named relative to the descriptor's directory. */
	if ((slash &&
	     libvmdk_handle_set_extent_data_files_path(
		     handle, path, (size_t) (slash - path) + 1, &error) != 1) ||
	    libvmdk_handle_open_extent_data_files(handle, &error) != 1) {
		vmdk_failure(&error, failure);
		vmdk_free(handle);
		return NULL;
	}
	if (libvmdk_handle_get_utf8_parent_filename_size(handle, &parent, NULL) == 1 &&
	    parent > 1) {
		e4_fail(failure, "the image has a parent disk: a delta is not a whole disk "
			      "(qemu-img convert -O raw makes one)");
		vmdk_free(handle);
		return NULL;
	}
	return handle;
}

static int vmdk_size(void *handle, unsigned long long *bytes)
{
	size64_t size = 0;

	if (libvmdk_handle_get_media_size(handle, &size, NULL) != 1)
		return -1;
	*bytes = size;
	return 0;
}

static ssize_t vmdk_read(void *handle, void *buffer, size_t size,
			 unsigned long long offset)
{
	return libvmdk_handle_read_buffer_at_offset(handle, buffer, size,
						    (off64_t) offset, NULL);
}

static const char *vmdk_name(void *handle)
{
	(void) handle;
	return "VMDK";
}

static void vmdk_close(void *handle)
{
	vmdk_free(handle);
}

/* ---- VHD and VHDX (libvhdi): Microsoft virtual hard disks ---- */

static void vhdi_failure(libvhdi_error_t **error, struct failure *failure)
{
	char text[512] = "";

	if (*error)
		libvhdi_error_sprint(*error, text, sizeof(text));
	libvhdi_error_free(error);
	fail_with_library_text(failure, "libvhdi", text);
}

static int vhdi_check(const char *path)
{
	return libvhdi_check_file_signature(path, NULL) == 1;
}

static void vhdi_free(libvhdi_file_t *file)
{
	libvhdi_file_close(file, NULL);
	libvhdi_file_free(&file, NULL);
}

static void *vhdi_open(const char *path, struct failure *failure)
{
	libvhdi_error_t *error = NULL;
	libvhdi_file_t *file = NULL;
	uint32_t type = 0;

	if (libvhdi_file_initialize(&file, &error) != 1 ||
	    libvhdi_file_open(file, path, LIBVHDI_OPEN_READ, &error) != 1) {
		vhdi_failure(&error, failure);
		if (file)
			libvhdi_file_free(&file, NULL);
		return NULL;
	}
	if (libvhdi_file_get_disk_type(file, &type, NULL) == 1 &&
	    type == LIBVHDI_DISK_TYPE_DIFFERENTIAL) {
		e4_fail(failure, "the image is a differencing disk, not a whole disk "
			      "(qemu-img convert -O raw makes one)");
		vhdi_free(file);
		return NULL;
	}
	return file;
}

static int vhdi_size(void *handle, unsigned long long *bytes)
{
	size64_t size = 0;

	if (libvhdi_file_get_media_size(handle, &size, NULL) != 1)
		return -1;
	*bytes = size;
	return 0;
}

static ssize_t vhdi_read(void *handle, void *buffer, size_t size,
			 unsigned long long offset)
{
	return libvhdi_file_read_buffer_at_offset(handle, buffer, size,
						  (off64_t) offset, NULL);
}

static const char *vhdi_name(void *handle)
{
	int type = 0;

	if (libvhdi_file_get_file_type(handle, &type, NULL) == 1 &&
	    type == LIBVHDI_FILE_TYPE_VHDX)
		return "VHDX";
	return "VHD";
}

static void vhdi_close(void *handle)
{
	vhdi_free(handle);
}

static const struct media_adapter adapters[] = {
	{ E4_CONTAINER_EWF, ewf_check, ewf_open, ewf_size, ewf_read, ewf_name, ewf_close },
	{ E4_CONTAINER_QCOW, qcow_check, qcow_open, qcow_size, qcow_read, qcow_name, qcow_close },
	{ E4_CONTAINER_VMDK, vmdk_check, vmdk_open, vmdk_size, vmdk_read, vmdk_name, vmdk_close },
	{ E4_CONTAINER_VHDI, vhdi_check, vhdi_open, vhdi_size, vhdi_read, vhdi_name, vhdi_close },
};

const struct media_adapter *e4_adapter_for(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(adapters) / sizeof(adapters[0]); i++)
		if (adapters[i].check(path))
			return &adapters[i];
	return NULL;
}


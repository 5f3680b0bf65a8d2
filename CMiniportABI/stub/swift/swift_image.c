/*
 * swift_image.c - keeps a Swift miniport image mapped for the rest of the process.
 *
 * Compiled only by the CMiniportStub SwiftPM target, that is only into miniports written in
 * Swift (C miniports link the .c files of CMiniportABI/stub, which does not include this directory).
 *
 * When a Swift image is loaded, the Swift runtime registers the image's metadata sections
 * (type descriptors, protocol conformances, ...) and never unregisters them. If the host
 * later dlclose()s the image and it is unmapped, the runtime's next lookup that walks those
 * sections reads freed memory. So the image pins itself while it is being loaded: a second
 * dlopen with RTLD_NODELETE makes every later dlclose leave it mapped. Each byte copy of the
 * image (the dump port's dump_<name>.so) is a separate object and pins itself in turn; a
 * pinned image is inert once its port is gone (nothing calls into it).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

__attribute__((constructor, visibility("hidden"))) void MpAbiPinSwiftImage(void)
{
    Dl_info info;

    if (dladdr((void *)&MpAbiPinSwiftImage, &info) != 0 && info.dli_fname != NULL)
        (void)dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
}

#include "logs/openfiles.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>

namespace opsdeck {

namespace {

bool isNumber(const char *s)
{
    if (!*s)
        return false;
    for (; *s; ++s)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

// The fd's open flags from /proc/PID/fdinfo/FD ("flags:\t0100001"); -1 when unknown.
long fdFlags(const std::string &pid, const char *fd)
{
    const std::string path = "/proc/" + pid + "/fdinfo/" + fd;
    FILE *f = std::fopen(path.c_str(), "re");
    if (!f)
        return -1;
    char line[256];
    long flags = -1;
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, "flags:", 6) == 0) {
            flags = std::strtol(line + 6, nullptr, 8);
            break;
        }
    }
    std::fclose(f);
    return flags;
}

} // namespace

std::set<FileId> filesOpenForWriting(const std::set<FileId> &files)
{
    std::set<FileId> open;
    if (files.empty())
        return open;
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return open;
    while (const dirent *p = ::readdir(proc)) {
        if (!isNumber(p->d_name))
            continue;
        const std::string pid = p->d_name;
        const std::string fdDir = "/proc/" + pid + "/fd";
        DIR *fds = ::opendir(fdDir.c_str());
        if (!fds)
            continue;  // gone, or not ours to see
        while (const dirent *f = ::readdir(fds)) {
            if (!isNumber(f->d_name))
                continue;
            struct stat st {};
            if (::fstatat(::dirfd(fds), f->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode))
                continue;
            const FileId id{quint64(st.st_dev), quint64(st.st_ino)};
            if (!files.count(id))
                continue;
            const long flags = fdFlags(pid, f->d_name);
            if (flags < 0 || (flags & O_ACCMODE) != O_RDONLY)
                open.insert(id);  // unknown flags count as writing: err on the safe side
        }
        ::closedir(fds);
    }
    ::closedir(proc);
    return open;
}

} // namespace opsdeck

#pragma once

#include <QtGlobal>

#include <set>
#include <utility>

namespace opsdeck {

using FileId = std::pair<quint64, quint64>;  // device, inode

// Which of the given files some process holds open with write access (Linux: /proc/*/fd and
// fdinfo flags; processes of other users are seen when we may read their /proc entries).
std::set<FileId> filesOpenForWriting(const std::set<FileId> &files);

} // namespace opsdeck

// Access-log lines in every built-in format and in a format spec taken from the input itself, and a
// truncated or hostile line never read past its end.
#include "logs/accesslogformat.h"

#include <QByteArray>
#include <QString>

#include <cstring>
#include <memory>

using namespace opsdeck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // A copy of exactly `size` bytes on the heap, so that ASan sees any read past the line's end.
    std::unique_ptr<char[]> line(new char[size == 0 ? 1 : size]);
    if (size > 0)
        std::memcpy(line.get(), data, size);
    const char *begin = line.get();
    const char *end = begin + size;
    for (const AccessLogFormat &format :
         {AccessLogFormat::combined(), AccessLogFormat::combinedRt(), AccessLogFormat::autoDetect()}) {
        ParsedLine parsed;
        TimeCache cache;
        (void)format.parse(begin, end, parsed, cache);
    }
    // The first line as a format spec, the rest as lines in that format.
    const char *newline = static_cast<const char *>(std::memchr(begin, '\n', size));
    if (newline) {
        auto custom = AccessLogFormat::fromSpec(QString::fromUtf8(begin, qsizetype(newline - begin)));
        if (custom) {
            ParsedLine parsed;
            TimeCache cache;
            (void)custom.value().parse(newline + 1, end, parsed, cache);
        }
    }
    return 0;
}

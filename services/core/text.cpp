#include "core/text.h"

namespace opsdeck {

namespace {
bool isBidiControl(char16_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
        || c == 0x061C;
}
} // namespace

QString sanitizeForDisplay(const QString &text, bool keepNewlines)
{
    QString out;
    out.reserve(text.size());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == 0x1B) {  // ESC: drop the whole sequence
            if (i + 1 < n && text.at(i + 1) == QLatin1Char('[')) {  // CSI ... final byte 0x40-0x7E
                i += 2;
                while (i < n && !(text.at(i).unicode() >= 0x40 && text.at(i).unicode() <= 0x7E))
                    ++i;
            } else if (i + 1 < n && text.at(i + 1) == QLatin1Char(']')) {  // OSC ... BEL or ESC backslash
                i += 2;
                while (i < n) {
                    if (text.at(i).unicode() == 0x07)
                        break;
                    if (text.at(i).unicode() == 0x1B && i + 1 < n && text.at(i + 1) == QLatin1Char('\\')) {
                        ++i;
                        break;
                    }
                    ++i;
                }
            } else {
                ++i;  // two-character escape
            }
            continue;
        }
        if (c == u'\n' || c == u'\t') {
            out.append(keepNewlines ? QChar(c) : QChar(u' '));
            continue;
        }
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || isBidiControl(c))
            continue;
        out.append(QChar(c));
    }
    return out;
}

} // namespace opsdeck

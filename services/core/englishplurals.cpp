#include "core/englishplurals.h"

namespace opsdeck {

QString EnglishPlurals::translate(const char *context, const char *sourceText, const char *disambiguation, int n) const
{
    Q_UNUSED(context);
    Q_UNUSED(disambiguation);
    if (n < 0 || !sourceText)
        return {};
    const QString source = QString::fromUtf8(sourceText);
    if (!source.contains(QLatin1String("(s)")))
        return {};  // nothing to resolve: Qt uses the source text
    return resolve(source, n);
}

QString EnglishPlurals::resolve(const QString &source, int n)
{
    QString out;
    out.reserve(source.size());
    bool afterCount = false;  // the nearest placeholder before here is %n
    for (qsizetype i = 0; i < source.size(); ++i) {
        const QChar c = source.at(i);
        if (c == QLatin1Char('%') && i + 1 < source.size()) {
            const QChar next = source.at(i + 1);
            if (next == QLatin1Char('n'))
                afterCount = true;
            else if (next.isDigit())
                afterCount = false;
        }
        if (afterCount && source.mid(i, 3) == QLatin1String("(s)")) {
            if (n != 1)
                out += QLatin1Char('s');
            i += 2;
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace opsdeck

#pragma once

#include <QTranslator>

namespace opsdeck {

// English plural forms for the source strings, without shipping a translation file: a text passed
// to tr() with a count (`tr("%n backup(s)", nullptr, n)`) reads "1 backup" / "3 backups". Only a
// "(s)" that follows %n (with no other placeholder between) is resolved by the count; one that
// belongs to another placeholder is left for its caller. Installed by both front ends at start.
class EnglishPlurals : public QTranslator
{
public:
    using QTranslator::QTranslator;

    bool isEmpty() const override { return false; }
    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr, int n = -1) const override;

    // The rule itself, for a source text and a count.
    static QString resolve(const QString &source, int n);
};

} // namespace opsdeck

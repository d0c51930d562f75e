#pragma once

#include <QObject>

namespace opsdeck {

// Tooltips show their text as it is. Qt renders a tooltip that looks like HTML as rich text, so a
// commit message, workflow name, log line or query with "<a href=...>" or "<img src=...>" in it
// would become a link or load an image. Installed on the application, this filter shows every
// tooltip (an item view's ToolTipRole or a widget's toolTip()) escaped, with control characters and
// bidi overrides removed. MainWindow installs one; nothing in OpsDeck uses rich-text tooltips.
class PlainToolTips : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlainToolTips)
public:
    explicit PlainToolTips(QObject *parent = nullptr);
    // Installs one filter on the application (once per process).
    static void install();
    // The text as a tooltip that Qt shows literally.
    static QString escape(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};

} // namespace opsdeck

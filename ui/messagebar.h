#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace opsdeck {

// An inline, dismissable message at the top of a page (KeePassXC's MessageWidget idea).
class MessageBar : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBar)
public:
    enum class Severity { Info, Success, Warning, Error };

    explicit MessageBar(QWidget *parent = nullptr);

    void showMessage(const QString &text, Severity severity = Severity::Info);
    void clear();
    QString text() const;
    Severity severity() const { return m_severity; }

private:
    QLabel *m_label;
    QToolButton *m_close;
    Severity m_severity = Severity::Info;
};

} // namespace opsdeck

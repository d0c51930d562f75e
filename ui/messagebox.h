#pragma once

#include <QMessageBox>

#include <optional>

namespace opsdeck {

// Every question box goes through here, so tests can answer in advance (KeePassXC's
// MessageBox::setNextAnswer). Without a preset answer the real dialog is shown.
class MessageBox
{
public:
    static QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                                QMessageBox::StandardButtons buttons = QMessageBox::Yes | QMessageBox::No,
                                                QMessageBox::StandardButton defaultButton = QMessageBox::No);
    static void warning(QWidget *parent, const QString &title, const QString &text);

    static void setNextAnswer(QMessageBox::StandardButton answer);
    static int questionsAsked();

private:
    static std::optional<QMessageBox::StandardButton> s_nextAnswer;
    static int s_asked;
};

} // namespace opsdeck

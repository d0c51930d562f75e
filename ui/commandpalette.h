#pragma once

#include <QDialog>

#include <functional>

class QLineEdit;
class QListWidget;

namespace opsdeck {

// Ctrl+K: type to filter, Enter runs the command.
class CommandPalette : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandPalette)
public:
    explicit CommandPalette(QWidget *parent = nullptr);
    void addCommand(const QString &title, std::function<void()> run);

private:
    void filter(const QString &text);
    void runCurrent();
    QLineEdit *m_edit;
    QListWidget *m_list;
    QList<std::pair<QString, std::function<void()>>> m_commands;
};

} // namespace opsdeck

#include "commandpalette.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace opsdeck {

CommandPalette::CommandPalette(QWidget *parent) : QDialog(parent), m_edit(new QLineEdit(this)), m_list(new QListWidget(this))
{
    setWindowTitle(tr("Command palette"));
    setMinimumWidth(480);
    auto *layout = new QVBoxLayout(this);
    m_edit->setPlaceholderText(tr("Type a command…"));
    layout->addWidget(m_edit);
    layout->addWidget(m_list);
    connect(m_edit, &QLineEdit::textChanged, this, &CommandPalette::filter);
    connect(m_edit, &QLineEdit::returnPressed, this, &CommandPalette::runCurrent);
    connect(m_list, &QListWidget::itemActivated, this, &CommandPalette::runCurrent);
}

void CommandPalette::addCommand(const QString &title, std::function<void()> run)
{
    m_commands.append({title, std::move(run)});
    auto *item = new QListWidgetItem(title, m_list);
    item->setData(Qt::UserRole, int(m_commands.size() - 1));
    if (m_list->count() == 1)
        m_list->setCurrentRow(0);
}

void CommandPalette::filter(const QString &text)
{
    int first = -1;
    for (int i = 0; i < m_list->count(); ++i) {
        const bool match = m_list->item(i)->text().contains(text, Qt::CaseInsensitive);
        m_list->item(i)->setHidden(!match);
        if (match && first < 0)
            first = i;
    }
    m_list->setCurrentRow(first);
}

void CommandPalette::runCurrent()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item || item->isHidden())
        return;
    const auto run = m_commands[item->data(Qt::UserRole).toInt()].second;
    accept();
    run();
}

} // namespace opsdeck

#include "page.h"

#include "messagebar.h"

#include <QLabel>
#include <QVBoxLayout>

namespace opsdeck {

Page::Page(const QString &id, const QString &title, const QIcon &icon, QWidget *parent)
    : QWidget(parent), m_id(id), m_title(title), m_icon(icon)
{
    setObjectName(id + QStringLiteral("Page"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    auto *heading = new QLabel(title, this);
    heading->setTextFormat(Qt::PlainText);
    QFont f = heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    heading->setFont(f);
    layout->addWidget(heading);
    m_messageBar = new MessageBar(this);
    layout->addWidget(m_messageBar);
    m_content = new QVBoxLayout;
    layout->addLayout(m_content, 1);
}

void Page::setReady(bool ready)
{
    const bool changed = ready && !m_ready;
    m_ready = ready;
    if (changed || ready)
        Q_EMIT this->ready();
}

} // namespace opsdeck

#pragma once

#include <QIcon>
#include <QWidget>

class QVBoxLayout;

namespace opsdeck {

class MessageBar;

// A page of the main window: a title, an inline message bar and content. Pages load their data
// asynchronously and say when they are ready (used by --screenshot and tests).
class Page : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Page)
public:
    Page(const QString &id, const QString &title, const QIcon &icon, QWidget *parent = nullptr);

    QString id() const { return m_id; }
    QString title() const { return m_title; }
    QIcon icon() const { return m_icon; }
    MessageBar *messageBar() const { return m_messageBar; }
    bool isReady() const { return m_ready; }

    // Reloads the page's data (F5). Pages that load nothing just stay ready.
    virtual void refresh() {}

Q_SIGNALS:
    void ready();
    void statusMessage(const QString &text);

protected:
    QVBoxLayout *contentLayout() const { return m_content; }
    void setReady(bool ready);

private:
    QString m_id;
    QString m_title;
    QIcon m_icon;
    MessageBar *m_messageBar;
    QVBoxLayout *m_content;
    bool m_ready = true;
};

} // namespace opsdeck

#pragma once

#include "tone.h"

#include <QDateTime>
#include <QIcon>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QPushButton;
class QVBoxLayout;

namespace opsdeck {

class MessageBar;
class StatusChip;

// A page of the main window. Every page has the same header: the title, a status chip, then on the
// right "updated 2 min ago", the page's own actions and Refresh; under it an inline message bar and
// the content. Pages load their data asynchronously and say when they are ready (used by
// --screenshot and tests), and may show a live count beside their name in the sidebar.
class Page : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Page)
public:
    Page(const QString &id, const QString &title, QWidget *parent = nullptr);

    QString id() const { return m_id; }
    QString title() const { return m_title; }
    // resources/icons/pages/<id>.svg: monochrome, tinted by whoever draws it.
    QIcon icon() const;
    MessageBar *messageBar() const { return m_messageBar; }
    StatusChip *statusChip() const { return m_chip; }
    bool isReady() const { return m_ready; }

    // The sidebar's badge: a short live count ("2", "0/7"), empty for none.
    QString badge() const { return m_badge; }
    void setBadge(const QString &text, Tone tone = Tone::Neutral);
    Tone badgeTone() const { return m_badgeTone; }
    // When the page's data was last read (invalid before the first load).
    QDateTime updatedAt() const { return m_updatedAt; }

    // Reloads the page's data (F5). Pages that load nothing just stay ready.
    virtual void refresh() {}

Q_SIGNALS:
    void ready();
    void statusMessage(const QString &text);
    void badgeChanged();

protected:
    QVBoxLayout *contentLayout() const { return m_content; }
    void setReady(bool ready);

    void setStatus(Tone tone, const QString &text);
    // Shows "updated 2 min ago" in the header, kept current, with the exact time in its tooltip.
    void markUpdated(const QDateTime &at = QDateTime::currentDateTimeUtc());
    // A widget (usually the page's main action) on the right of the header, left of Refresh.
    void addHeaderWidget(QWidget *widget);
    // The header's Refresh button, rightmost; clicking it calls refresh().
    QPushButton *addRefreshButton(const QString &text = QString());

private:
    void updateAge();

    QString m_id;
    QString m_title;
    MessageBar *m_messageBar;
    StatusChip *m_chip;
    QLabel *m_updated;
    QHBoxLayout *m_actions;
    QVBoxLayout *m_content;
    QPushButton *m_refresh = nullptr;
    QString m_badge;
    Tone m_badgeTone = Tone::Neutral;
    QDateTime m_updatedAt;
    bool m_ready = true;
};

} // namespace opsdeck

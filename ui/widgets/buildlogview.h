#pragma once

#include "core/job.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;

namespace opsdeck {

class BuildLogFilter;
class BuildLogModel;
class TroubleshootUseCase;

// A deployment's build log: the failing lines picked out in red (and a "Failing lines only"
// switch), a search box, Copy and Save; a build still running is followed live and can be stopped.
class BuildLogView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildLogView)
public:
    explicit BuildLogView(TroubleshootUseCase &troubleshoot, QWidget *parent = nullptr);

    // Loads id's log, following it while state says it is still building. The same id twice keeps
    // what is shown unless reload is true.
    void showDeployment(const QString &id, const QString &state, bool reload = false);
    void stop();  // stops following; what came stays
    bool saveTo(const QString &path, QString *problem = nullptr) const;
    void copyToClipboard() const;  // the selected lines, else every line shown

    QString deploymentId() const { return m_id; }
    bool isLoading() const { return m_loading; }
    bool isFollowing() const { return m_following; }
    QString statusText() const;
    BuildLogModel *model() const { return m_model; }
    BuildLogFilter *filter() const { return m_filter; }
    QListView *view() const { return m_view; }
    QLineEdit *searchBox() const { return m_search; }
    QCheckBox *failingOnlyBox() const { return m_failingOnly; }

Q_SIGNALS:
    void loaded();  // the log, or why it could not be read, is shown

private:
    void updateStatus();

    TroubleshootUseCase &m_troubleshoot;
    BuildLogModel *m_model;
    BuildLogFilter *m_filter;
    QListView *m_view;
    QLineEdit *m_search;
    QCheckBox *m_failingOnly;
    QPushButton *m_stop;
    QPushButton *m_copy;
    QPushButton *m_save;
    QLabel *m_status;
    JobScope m_load;
    QString m_id;
    QString m_problem;
    bool m_loading = false;
    bool m_following = false;
    bool m_cutOff = false;
    int m_unreadable = 0;
};

} // namespace opsdeck

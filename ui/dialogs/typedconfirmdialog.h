#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace opsdeck {

// A dialog for a destructive action that the user confirms by typing a phrase (like
// GitLab's "namespace/project"): the action button is enabled only while the text equals the
// phrase exactly (case-sensitive, no trimming), Enter never presses it, and confirmed() fires at
// most once per arming however often the button is clicked. Subclasses put their preview into
// contentLayout() and call setExpectedText() once they know the phrase.
class TypedConfirmDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TypedConfirmDialog)
public:
    explicit TypedConfirmDialog(QWidget *parent = nullptr);

    // Empty: nothing can be typed or confirmed yet. Re-arms and clears the typed text.
    void setExpectedText(const QString &text);
    QString expectedText() const { return m_expected; }
    void setActionText(const QString &text);
    // Ready for (another) confirmation; the typed text is cleared.
    void rearm();
    bool isConfirmable() const;

    QLineEdit *confirmEdit() const { return m_edit; }
    // Hides (or shows again) the typed confirmation, e.g. once the action is over.
    void setConfirmationVisible(bool visible);
    QPushButton *actionButton() const { return m_action; }
    QPushButton *cancelButton() const { return m_cancel; }

Q_SIGNALS:
    void confirmed();

protected:
    QVBoxLayout *contentLayout() const { return m_content; }
    void keyPressEvent(QKeyEvent *event) override;
    void updateActionState();

private:
    void onAction();

    QVBoxLayout *m_content;
    QLabel *m_prompt;
    QLineEdit *m_edit;
    QPushButton *m_action;
    QPushButton *m_cancel;
    QString m_expected;
    bool m_armed = false;
};

} // namespace opsdeck

/** @odoo-module **/

// Each result has its own sound, played through Odoo's sound service (mail.sound_effects, from the
// mail module that stock depends on) with sound files Odoo already ships: no audio code of our own.
const SOUNDS = {
    ok: {path: "/mail/static/src/audio/ting", defaultVolume: 0.6},
    warning: {path: "/mail/static/src/audio/mute_1", defaultVolume: 0.8},
    error: {path: "/mail/static/src/audio/channel_04_out", defaultVolume: 1},
};

/**
 * The one place a handheld screen makes a sound. An object (not a bare function) so that a
 * tour can patch `play` to count the sounds played.
 */
export const handheldSound = {
    /**
     * @param {Object} soundEffects the "mail.sound_effects" service
     * @param {"ok"|"warning"|"error"} status
     */
    play(soundEffects, status) {
        const sound = SOUNDS[status];
        if (!sound) {
            return;
        }
        const name = `industrial_logistics.handheld_${status}`;
        // The service plays the sounds of its own map: ours join it the first time they play.
        soundEffects.soundEffects[name] ??= {...sound};
        soundEffects.play(name);
    },
};

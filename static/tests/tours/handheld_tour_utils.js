import {SoundEffects} from "@mail/core/common/sound_effects_service";
import {patch} from "@web/core/utils/patch";
import {handheldSound} from "@industrial_logistics/handheld/handheld_sound";

/**
 * Counts the sounds of the handheld kit, at both ends: what the kit asks for (its status) and
 * what Odoo's sound service is asked to play (the sound's name).
 */
export const soundSpy = {
    statuses: [],
    names: [],
    unpatches: [],

    start() {
        const spy = this;
        spy.statuses = [];
        spy.names = [];
        spy.unpatches = [
            patch(handheldSound, {
                play(soundEffects, status) {
                    spy.statuses.push(status);
                    return super.play(...arguments);
                },
            }),
            patch(SoundEffects.prototype, {
                play(name) {
                    spy.names.push(name);
                    return super.play(...arguments);
                },
            }),
        ];
    },

    /** Fails the tour unless exactly these sounds were played, in this order. */
    check(expected) {
        for (const unpatch of this.unpatches) {
            unpatch();
        }
        const names = expected.map(
            (status) => `industrial_logistics.handheld_${status}`
        );
        const got = JSON.stringify([this.statuses, this.names]);
        if (got !== JSON.stringify([expected, names])) {
            throw new Error(
                `Sounds played: ${got}, expected ${JSON.stringify([expected, names])}`
            );
        }
    },
};

/**
 * A step that fails if the screen needs a horizontal scroll, or if a button or field is out of
 * the window's width (on a phone, the operator could not reach it).
 */
export function fitsTheWidth(screen) {
    return {
        content: `${screen} fits the window's width: nothing to scroll sideways to act`,
        trigger: screen,
        run() {
            const el = document.querySelector(screen);
            const width = window.innerWidth;
            const problems = [];
            if (el.scrollWidth > el.clientWidth + 1) {
                problems.push(
                    `the screen scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`
                );
            }
            for (const control of el.querySelectorAll("button, input, a")) {
                const rect = control.getBoundingClientRect();
                if (rect.width && (rect.left < -1 || rect.right > width + 1)) {
                    problems.push(
                        `${control.outerHTML.slice(0, 80)} is out of ${width}px`
                    );
                }
            }
            if (problems.length) {
                throw new Error(problems.join("; "));
            }
        },
    };
}

/** Picks the option of the <select> `selector` whose label holds `text`, as a user does. */
export function chooseOption(selector, text) {
    const select = document.querySelector(selector);
    const option = [...select.options].find((opt) => opt.textContent.includes(text));
    if (!option) {
        throw new Error(`No option ${text} in ${selector}`);
    }
    select.value = option.value;
    select.dispatchEvent(new Event("change", {bubbles: true}));
}

/**
 * The steps of a barcode typed in the handheld kit's manual field and submitted, until its
 * answer of this `status` (ok, warning, error) stands in the history.
 */
export function scanSteps(barcode, status) {
    return [
        {
            content: `Type ${barcode}`,
            trigger: "input.o_handheld_manual",
            run: `edit ${barcode}`,
        },
        {
            content: `Scan ${barcode}`,
            trigger: "button.o_handheld_submit",
            run: "click",
        },
        {
            content: `${barcode} is answered`,
            trigger: `.o_handheld_history li.o_handheld_history_${status}:contains(${barcode})`,
        },
    ];
}
